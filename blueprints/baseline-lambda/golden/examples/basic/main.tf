module "baseline_lambda" {
  source        = "../.."
  function_name = "orders-api"
  description   = "Serves the orders API."
  package_file  = "build/orders-api.zip"
}
