output "bus_name" {
  description = "Name of the bus, for publishers."
  value       = aws_cloudwatch_event_bus.this.name
}

output "bus_arn" {
  description = "ARN of the bus."
  value       = aws_cloudwatch_event_bus.this.arn
}

output "rule_arns" {
  description = "ARN of each rule, by its key in `rules` (for the policies of SQS and SNS targets)."
  value       = { for key, rule in aws_cloudwatch_event_rule.this : key => rule.arn }
}

output "archive_arn" {
  description = "ARN of the archive; null when `archive_retention_days` is null."
  value       = local.archive_arn
}

output "dead_letter_queue_arn" {
  description = "ARN of the dead-letter queue every target delivers its failed events to."
  value       = aws_sqs_queue.dead_letter.arn
}
