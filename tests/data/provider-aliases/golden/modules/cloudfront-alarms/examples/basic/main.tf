provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

module "cloudfront_alarms" {
  source = "../.."
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }
  name                 = "shop"
  distribution_id      = "E2QWRUHAPOMQZL"
  error_rate_threshold = 5
}
