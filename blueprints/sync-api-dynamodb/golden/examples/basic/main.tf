module "sync_api_dynamodb" {
  source      = "../.."
  name        = "orders-api"
  description = "Creates and reads orders."
  routes = [
    "POST /orders",
    "GET /orders/{id}"
  ]
  function = {
    package_file = "build/orders-api.zip"
  }
}
