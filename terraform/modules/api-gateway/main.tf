# The HTTP API of DESIGN §8: one route per row the Lambdas serve (modules/functions), each to
# its function through a payload-2.0 proxy integration. Routes of clinics' data need a
# Cognito ID token (the JWT authorizer checks signature, expiry, issuer and audience before
# the function runs, which checks them again and applies the role policy); health and the
# public clinic routes are open and throttled harder. CORS answers come from an allowlist.

locals {
  functions        = toset([for route in values(var.routes) : route.function])
  protected_routes = { for key, route in var.routes : key => route if route.auth == "jwt" }
  public_routes    = { for key, route in var.routes : key => route if route.auth == "none" }
}

resource "aws_apigatewayv2_api" "this" {
  name          = var.name
  description   = "Turnaki API"
  protocol_type = "HTTP"

  # The same allowlist, methods and headers as the functions' own CORS layer
  # (backend/src/edge.rs). Without origins, no CORS: the SPA calls on its own origin.
  dynamic "cors_configuration" {
    for_each = length(var.cors_origins) > 0 ? [var.cors_origins] : []

    content {
      allow_origins  = cors_configuration.value
      allow_methods  = ["GET", "POST", "PUT", "PATCH", "DELETE"]
      allow_headers  = ["authorization", "content-type", "idempotency-key"]
      expose_headers = ["x-request-id"]
      max_age        = 600
    }
  }

  tags = var.tags
}

resource "aws_apigatewayv2_authorizer" "cognito" {
  api_id           = aws_apigatewayv2_api.this.id
  name             = "cognito"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = var.jwt_issuer
    audience = var.jwt_audience
  }
}

resource "aws_apigatewayv2_integration" "function" {
  for_each = local.functions

  api_id                 = aws_apigatewayv2_api.this.id
  description            = "The ${each.key} function"
  integration_type       = "AWS_PROXY"
  integration_method     = "POST"
  integration_uri        = var.invoke_arns[each.key]
  payload_format_version = "2.0"
  timeout_milliseconds   = 29000
}

resource "aws_apigatewayv2_route" "protected" {
  for_each = local.protected_routes

  api_id             = aws_apigatewayv2_api.this.id
  route_key          = each.key
  target             = "integrations/${aws_apigatewayv2_integration.function[each.value.function].id}"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.cognito.id
}

resource "aws_apigatewayv2_route" "public" {
  #checkov:skip=CKV_AWS_309:Public by design (DESIGN §6, §11): health, the clinic pages patients use before they have an account, and message links (a signed token is their credential); WAF and route throttling limit them
  for_each = local.public_routes

  api_id             = aws_apigatewayv2_api.this.id
  route_key          = each.key
  target             = "integrations/${aws_apigatewayv2_integration.function[each.value.function].id}"
  authorization_type = "NONE"
}

resource "aws_cloudwatch_log_group" "access" {
  #checkov:skip=CKV_AWS_338:Retention is chosen per environment (7 days dev, 30 prd, DESIGN); access logs carry no patient data
  name              = "/aws/apigateway/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.kms_key_arn
  tags              = var.tags
}

resource "aws_apigatewayv2_stage" "default" {
  #checkov:skip=CKV2_AWS_51:A browser-facing public API cannot require client certificates (mTLS); callers authenticate with Cognito tokens
  api_id      = aws_apigatewayv2_api.this.id
  name        = "$default"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.access.arn
    format = jsonencode({
      requestId          = "$context.requestId"
      ip                 = "$context.identity.sourceIp"
      requestTime        = "$context.requestTime"
      httpMethod         = "$context.httpMethod"
      routeKey           = "$context.routeKey"
      status             = "$context.status"
      responseLength     = "$context.responseLength"
      responseLatency    = "$context.responseLatency"
      integrationLatency = "$context.integrationLatency"
      integrationError   = "$context.integrationErrorMessage"
      authorizerError    = "$context.authorizer.error"
    })
  }

  default_route_settings {
    detailed_metrics_enabled = var.detailed_metrics
    throttling_rate_limit    = var.throttle_rate_limit
    throttling_burst_limit   = var.throttle_burst_limit
  }

  dynamic "route_settings" {
    for_each = local.public_routes

    content {
      route_key                = route_settings.key
      detailed_metrics_enabled = var.detailed_metrics
      throttling_rate_limit    = var.public_throttle_rate_limit
      throttling_burst_limit   = var.public_throttle_burst_limit
    }
  }

  tags = var.tags

  depends_on = [aws_apigatewayv2_route.protected, aws_apigatewayv2_route.public]
}

resource "aws_lambda_permission" "api" {
  for_each = local.functions

  statement_id  = "AllowApiGatewayInvoke"
  action        = "lambda:InvokeFunction"
  function_name = var.function_names[each.key]
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.this.execution_arn}/*/*"
}
