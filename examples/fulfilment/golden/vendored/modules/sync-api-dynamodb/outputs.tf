output "api_id" {
  description = "ID of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "api_url" {
  description = "Base URL of the API's default stage."
  value       = aws_apigatewayv2_stage.default.invoke_url
}

output "table_name" {
  description = "Name of the DynamoDB table."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the DynamoDB table."
  value       = aws_dynamodb_table.this.arn
}

output "table_stream_arn" {
  description = "ARN of the table's stream, to wire into a `dynamodb-stream-processor`; null unless `stream_view_type` is set."
  value       = local.table_stream_arn
}

output "function_name" {
  description = "Name of the Lambda function."
  value       = module.function.function_name
}

output "function_arn" {
  description = "ARN of the Lambda function."
  value       = module.function.function_arn
}

output "role_name" {
  description = "Name of the function's IAM role, to attach further policies."
  value       = module.function.role_name
}

output "access_log_group_name" {
  description = "Name of the log group holding the API's access logs."
  value       = aws_cloudwatch_log_group.access.name
}
