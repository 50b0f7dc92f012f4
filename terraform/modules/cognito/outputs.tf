output "user_pool_id" {
  description = "User pool id (COGNITO_USER_POOL_ID)."
  value       = aws_cognito_user_pool.this.id
}

output "user_pool_arn" {
  description = "User pool ARN."
  value       = aws_cognito_user_pool.this.arn
}

output "client_id" {
  description = "The SPA's app client id (COGNITO_CLIENT_ID, the ID tokens' audience)."
  value       = aws_cognito_user_pool_client.spa.id
}

output "issuer" {
  description = "Issuer of the pool's tokens, as the API and the JWT authorizer expect it."
  value       = "https://cognito-idp.${data.aws_region.current.region}.amazonaws.com/${aws_cognito_user_pool.this.id}"
}

output "hosted_ui_domain" {
  description = "Hosted UI domain (config.json's cognito_domain; the SPA reads the region from it)."
  value       = "${aws_cognito_user_pool_domain.this.domain}.auth.${data.aws_region.current.region}.amazoncognito.com"
}
