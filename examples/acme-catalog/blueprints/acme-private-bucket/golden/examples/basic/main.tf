module "acme_private_bucket" {
  source = "../.."
  name   = "orders-archive"
  writer_role_names = [
    "orders-api"
  ]
}
