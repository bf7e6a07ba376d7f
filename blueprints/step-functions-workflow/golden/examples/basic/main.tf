module "step_functions_workflow" {
  source     = "../.."
  name       = "fulfil-order"
  definition = "{\n  \"Comment\": \"Charge an order, then queue it for shipping.\",\n  \"StartAt\": \"Charge\",\n  \"States\": {\n    \"Charge\": {\n      \"Type\": \"Task\",\n      \"Resource\": \"arn:aws:states:::lambda:invoke\",\n      \"Parameters\": { \"FunctionName\": \"$${charge}\", \"Payload.$\": \"$\" },\n      \"Retry\": [{ \"ErrorEquals\": [\"Lambda.ServiceException\", \"Lambda.TooManyRequestsException\"], \"MaxAttempts\": 3 }],\n      \"Next\": \"Ship\"\n    },\n    \"Ship\": {\n      \"Type\": \"Task\",\n      \"Resource\": \"arn:aws:states:::sqs:sendMessage\",\n      \"Parameters\": { \"QueueUrl\": \"$${shipping}\", \"MessageBody.$\": \"$.Payload\" },\n      \"End\": true\n    }\n  }\n}\n"
  resources = {
    "charge" = {
      type = "lambda"
      arn  = "arn:aws:lambda:eu-west-1:111122223333:function:charge-order"
      actions = [
        "lambda:InvokeFunction"
      ]
    }
    "shipping" = {
      type = "sqs"
      arn  = "arn:aws:sqs:eu-west-1:111122223333:shipping"
      actions = [
        "sqs:SendMessage"
      ]
    }
  }
}
