module "scheduled_lambda" {
  source              = "../.."
  name                = "orders-report"
  description         = "Builds the nightly orders report."
  schedule_expression = "cron(0 2 * * ? *)"
  schedule_timezone   = "Europe/Paris"
  function = {
    package_file = "build/orders-report.zip"
  }
}
