output "queue_arn" {
  description = "ARN of the queue the alarms are delivered to (in the stack's region)."
  value       = aws_sqs_queue.alerts.arn
}

output "topic_arn" {
  description = "ARN of the alarms' topic (in us-east-1)."
  value       = module.alarms.topic_arn
}
