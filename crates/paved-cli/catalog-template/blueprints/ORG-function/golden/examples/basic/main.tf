module "{{org_snake}}_function" {
  source        = "../.."
  function_name = "orders-worker"
  description   = "Processes queued orders."
  package_file  = "build/orders-worker.zip"
}
