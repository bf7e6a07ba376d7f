output "queue_arn" {
  description = "ARN of the main queue."
  value       = aws_sqs_queue.this.arn
}

output "queue_url" {
  description = "URL of the main queue, for producers."
  value       = aws_sqs_queue.this.url
}

output "queue_name" {
  description = "Name of the main queue."
  value       = aws_sqs_queue.this.name
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.arn
}

output "dead_letter_queue_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dead_letter.url
}

output "dead_letter_alarm_arn" {
  description = "ARN of the alarm on waiting dead letters."
  value       = aws_cloudwatch_metric_alarm.dead_letters.arn
}
