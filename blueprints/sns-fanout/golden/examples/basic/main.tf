module "sns_fanout" {
  source     = "../.."
  topic_name = "order-events"
  subscriptions = {
    "billing" = {
      queue_arn = "arn:aws:sqs:eu-west-1:123456789012:billing"
    }
  }
}
