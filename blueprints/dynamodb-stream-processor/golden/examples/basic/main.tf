module "dynamodb_stream_processor" {
  source      = "../.."
  name        = "orders-read-model"
  description = "Keeps the orders read model up to date."
  stream_arn  = "arn:aws:dynamodb:eu-west-1:111122223333:table/orders/stream/2026-12-01T00:00:00.000"
  filter_patterns = [
    "{\"eventName\":[\"INSERT\",\"MODIFY\"]}"
  ]
  function = {
    package_file = "build/orders-read-model.zip"
  }
}
