resource "aws_sns_topic" "alarms" {
  provider = aws.us_east_1

  name              = "${var.name}-edge-alarms"
  kms_master_key_id = "alias/aws/sns"
}

resource "aws_cloudwatch_metric_alarm" "error_rate" {
  provider = aws.us_east_1

  alarm_name          = "${var.name}-edge-5xx-error-rate"
  alarm_description   = "CloudFront distribution ${var.distribution_id} answers more than ${var.error_rate_threshold} percent of requests with a 5xx status."
  namespace           = "AWS/CloudFront"
  metric_name         = "5xxErrorRate"
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  threshold           = var.error_rate_threshold
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]

  dimensions = {
    DistributionId = var.distribution_id
    Region         = "Global"
  }
}
