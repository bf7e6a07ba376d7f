module "sqs_redrive" {
  source     = "../.."
  queue_name = "orders"
  consumer = {
    function_name = "orders-worker"
    role_name     = "orders-worker"
  }
}
