module "alarms" {
  source = "./modules/cloudfront-alarms"
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }
  name                 = var.name
  distribution_id      = var.distribution_id
  error_rate_threshold = 5
}

resource "aws_sqs_queue" "alerts" {
  name                    = "${var.name}-edge-alerts"
  sqs_managed_sse_enabled = true
}

data "aws_iam_policy_document" "alerts" {
  statement {
    sid       = "AlarmTopicDelivers"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.alerts.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [module.alarms.topic_arn]
    }
  }
}

resource "aws_sqs_queue_policy" "alerts" {
  queue_url = aws_sqs_queue.alerts.id
  policy    = data.aws_iam_policy_document.alerts.json
}

resource "aws_sns_topic_subscription" "alerts" {
  provider = aws.us_east_1

  topic_arn = module.alarms.topic_arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.alerts.arn
}
