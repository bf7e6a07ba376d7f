output "state_machine_arn" {
  description = "ARN of the state machine."
  value       = aws_sfn_state_machine.this.arn
}

output "alias_arn" {
  description = "ARN of the `live` alias, on the version this apply published: what EventBridge and callers start."
  value       = aws_sfn_alias.live.arn
}

output "state_machine_name" {
  description = "Name of the state machine."
  value       = aws_sfn_state_machine.this.name
}

output "role_name" {
  description = "Name of the state machine's IAM role."
  value       = aws_iam_role.this.name
}

output "log_group_name" {
  description = "Name of the log group that receives the execution logs."
  value       = aws_cloudwatch_log_group.this.name
}
