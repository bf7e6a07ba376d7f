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

output "schedule_arn" {
  description = "ARN of the schedule."
  value       = aws_scheduler_schedule.this.arn
}

output "dead_letter_queue_arn" {
  description = "ARN of the queue receiving events of runs that failed after every retry (Scheduler's and Lambda's)."
  value       = aws_sqs_queue.dead_letter.arn
}
