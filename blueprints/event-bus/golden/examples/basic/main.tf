module "event_bus" {
  source   = "../.."
  bus_name = "orders"
  rules = {
    "placed" = {
      description   = "Order placed: fulfil it and record it."
      event_pattern = "{\"source\": [\"orders\"], \"detail-type\": [\"OrderPlaced\"]}"
      targets = {
        "fulfil" = {
          type = "states"
          arn  = "arn:aws:states:eu-west-1:111122223333:stateMachine:fulfil-order:live"
        }
        "queue" = {
          type = "sqs"
          arn  = "arn:aws:sqs:eu-west-1:111122223333:orders"
        }
        "record" = {
          type       = "lambda"
          arn        = "arn:aws:lambda:eu-west-1:111122223333:function:orders-record"
          input_path = "$.detail"
        }
      }
    }
  }
}
