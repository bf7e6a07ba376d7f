output "bucket_name" {
  description = "Name of the bucket."
  value       = aws_s3_bucket.this.bucket
}

output "bucket_arn" {
  description = "ARN of the bucket."
  value       = aws_s3_bucket.this.arn
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

output "dead_letter_queue_arn" {
  description = "ARN of the queue receiving the events the function failed on after every retry."
  value       = aws_sqs_queue.dead_letter.arn
}
