module "queue_set" {
  source      = "../.."
  name_prefix = "orders"
  queues = {
    "orders" = {
      visibility_timeout_seconds = 60
    }
  }
}
