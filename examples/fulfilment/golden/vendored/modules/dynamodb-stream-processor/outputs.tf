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

output "failure_queue_arn" {
  description = "ARN of the queue receiving the description of each batch that failed after every retry."
  value       = aws_sqs_queue.failures.arn
}

output "iterator_age_alarm_arn" {
  description = "ARN of the alarm on the age of the oldest unprocessed record."
  value       = aws_cloudwatch_metric_alarm.iterator_age.arn
}
