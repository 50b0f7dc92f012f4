output "web_acl_arn" {
  description = "ARN of the web ACL, for the CloudFront distribution."
  value       = aws_wafv2_web_acl.this.arn
}

output "web_acl_name" {
  description = "Name of the web ACL (its CloudWatch metrics' WebACL dimension)."
  value       = aws_wafv2_web_acl.this.name
}
