provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
}

module "edge_alerting" {
  source = "../.."
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }
  name            = "shop"
  distribution_id = "E2QWRUHAPOMQZL"
}
