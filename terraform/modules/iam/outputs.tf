output "role_arns" {
  description = "Execution role ARN by function name, once its policies are attached (Lambda checks the dead-letter permission when the function is created)."
  value       = { for name, role in aws_iam_role.function : name => role.arn }
  depends_on  = [aws_iam_role_policy.function, aws_iam_role_policy_attachment.xray]
}

output "role_names" {
  description = "Execution role name by function name."
  value       = { for name, role in aws_iam_role.function : name => role.name }
}
