output "api_id" {
  description = "Id of the HTTP API."
  value       = aws_apigatewayv2_api.this.id
}

output "api_endpoint" {
  description = "The API's own endpoint (https://<id>.execute-api.<region>.amazonaws.com)."
  value       = aws_apigatewayv2_api.this.api_endpoint
}

output "api_domain" {
  description = "Host name of the API's endpoint (CloudFront's origin)."
  value       = replace(aws_apigatewayv2_api.this.api_endpoint, "https://", "")
}

output "route_keys" {
  description = "Every route the API serves."
  value       = sort(concat(keys(aws_apigatewayv2_route.protected), keys(aws_apigatewayv2_route.public)))
}
