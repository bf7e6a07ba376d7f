module "sqs_redrive" {
  source     = "../.."
  queue_name = "orders"
  consumer = {
    function_name = "orders-worker"
    role_name     = "orders-worker"
  }
  sender_event_rule_arns = [
    "arn:aws:events:eu-west-1:111122223333:rule/orders/order-placed"
  ]
}
