module "s3_event_processor" {
  source        = "../.."
  bucket_name   = "acme-orders-uploads-dev"
  name          = "orders-uploads"
  description   = "Reads uploaded order files and writes their summaries."
  filter_prefix = "incoming/"
  filter_suffix = ".csv"
  write_prefix  = "summaries/"
  function = {
    package_file = "build/orders-uploads.zip"
  }
}
