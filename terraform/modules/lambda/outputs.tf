output "function_names" {
  description = "Lambda function name by catalogue name."
  value       = { for name, f in aws_lambda_function.this : name => f.function_name }
}

output "function_arns" {
  description = "Lambda function ARN by catalogue name."
  value       = { for name, f in aws_lambda_function.this : name => f.arn }
}

output "invoke_arns" {
  description = "ARN API Gateway invokes, by catalogue name."
  value       = { for name, f in aws_lambda_function.this : name => f.invoke_arn }
}

output "dead_letter_queue_arns" {
  description = "Dead-letter queue ARN of each EventBridge-invoked function."
  value       = { for name, q in aws_sqs_queue.dead_letter : name => q.arn }
}

output "dead_letter_queue_names" {
  description = "Dead-letter queue name of each EventBridge-invoked function."
  value       = { for name, q in aws_sqs_queue.dead_letter : name => q.name }
}

output "log_group_names" {
  description = "Log group of each function."
  value       = { for name, g in aws_cloudwatch_log_group.function : name => g.name }
}
