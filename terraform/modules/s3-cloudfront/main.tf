# The SPA on S3 behind CloudFront, and the API behind the same distribution so that one WAF
# web ACL (per-IP rate limit, managed rules) covers both: HTTP APIs cannot be associated
# with WAF themselves. The bucket is private (origin access control, KMS); the SPA reads
# /config.json, written here from the Cognito settings, and calls the API on its own origin.
#
# SPA fallback: a viewer-request function on the bucket's behaviour maps every path without
# a file extension to /index.html (answered 200). A distribution-wide 403/404 → index.html
# error response would also turn the API's own 403/404 problem answers into the app's HTML.

data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

data "aws_cloudfront_cache_policy" "optimized" {
  name = "Managed-CachingOptimized"
}

data "aws_cloudfront_cache_policy" "disabled" {
  name = "Managed-CachingDisabled"
}

data "aws_cloudfront_origin_request_policy" "all_viewer_except_host" {
  name = "Managed-AllViewerExceptHostHeader"
}

locals {
  bucket_name = "${var.name}-spa-${data.aws_caller_identity.current.account_id}"
  s3_origin   = "spa"
  api_origin  = "api"

  # 'wasm-unsafe-eval' lets the browser compile the app's WebAssembly and nothing else;
  # scripts still load only from this origin. The SPA signs in against Cognito's API
  # (connect-src) or its Hosted UI (form-action). `turnaki serve` sends the same policy
  # (backend/src/routes/spa.rs), less Cognito and the HTTPS upgrade.
  csp_sources = join("; ", [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    join(" ", concat(["connect-src 'self'", "https://cognito-idp.${data.aws_region.current.region}.amazonaws.com"], var.extra_connect_src)),
    "form-action 'self' https://${var.cognito_domain}",
    "base-uri 'self'",
    "object-src 'none'",
    "upgrade-insecure-requests",
  ])
  # Pages refuse every frame (clickjacking: the staff screens act on patients' bookings);
  # the booking widget, /<clinic>/embed, exists to be framed by the clinics' own websites.
  content_security_policy        = "${local.csp_sources}; frame-ancestors 'none'"
  widget_content_security_policy = "${local.csp_sources}; frame-ancestors ${join(" ", var.embed_frame_ancestors)}"
  header_policies = {
    page   = { csp = local.content_security_policy, deny_frames = true, what = "every page" }
    widget = { csp = local.widget_content_security_policy, deny_frames = false, what = "the embeddable booking widget" }
  }
}

resource "aws_s3_bucket" "spa" {
  #checkov:skip=CKV_AWS_18:Reads are logged by CloudFront's access logs and writes by CloudTrail; S3 server access logs would repeat them
  #checkov:skip=CKV_AWS_144:The bucket holds a build of the repository, redeployable from git in any region; replication adds nothing
  #checkov:skip=CKV2_AWS_62:Nothing reacts to uploads of the SPA; event notifications would have no consumer
  #checkov:skip=CKV_AWS_143:Deployments replace and delete objects; versioning (with a 30-day lifecycle) is the rollback, object lock would block it
  bucket        = local.bucket_name
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_ownership_controls" "spa" {
  bucket = aws_s3_bucket.spa.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "spa" {
  bucket                  = aws_s3_bucket.spa.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_versioning" "spa" {
  bucket = aws_s3_bucket.spa.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "spa" {
  bucket = aws_s3_bucket.spa.id

  rule {
    bucket_key_enabled = true

    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "spa" {
  bucket = aws_s3_bucket.spa.id

  rule {
    id     = "previous-deployments"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.previous_versions_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }

  depends_on = [aws_s3_bucket_versioning.spa]
}

resource "aws_s3_bucket_policy" "spa" {
  bucket = aws_s3_bucket.spa.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudFrontReadsThroughOriginAccessControl"
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.spa.arn}/*"
        Condition = { StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.this.arn } }
      },
      {
        Sid       = "TlsOnly"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.spa.arn, "${aws_s3_bucket.spa.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })

  depends_on = [aws_s3_bucket_public_access_block.spa]
}

resource "aws_cloudfront_origin_access_control" "spa" {
  name                              = local.bucket_name
  description                       = "CloudFront reads the SPA bucket"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_function" "spa_fallback" {
  name    = "${var.name}-spa-fallback"
  runtime = "cloudfront-js-2.0"
  comment = "Paths without a file extension are pages of the SPA: serve /index.html"
  publish = true
  code    = file("${path.module}/spa_fallback.js")
}

resource "aws_cloudfront_response_headers_policy" "security" {
  # The keys of local.header_policies, spelled out: checkov resolves only literal keys, and
  # with `keys(...)` or the map itself it loses the distribution's link to the policies.
  for_each = toset(["page", "widget"])
  name     = "${var.name}-${each.key}-security"
  comment  = "Security headers of ${local.header_policies[each.key].what}, with a CSP that admits WebAssembly"

  security_headers_config {
    content_security_policy {
      content_security_policy = local.header_policies[each.key].csp
      override                = true
    }

    strict_transport_security {
      access_control_max_age_sec = 63072000
      include_subdomains         = true
      preload                    = true
      override                   = true
    }

    content_type_options {
      override = true
    }

    dynamic "frame_options" {
      for_each = local.header_policies[each.key].deny_frames ? [true] : []
      content {
        frame_option = "DENY"
        override     = true
      }
    }

    referrer_policy {
      referrer_policy = "strict-origin-when-cross-origin"
      override        = true
    }
  }

  custom_headers_config {
    items {
      header   = "Permissions-Policy"
      value    = "camera=(), microphone=(), geolocation=(), payment=()"
      override = true
    }
  }
}

resource "aws_cloudfront_distribution" "this" {
  #checkov:skip=CKV_AWS_86:Access logs go to CloudWatch Logs through log delivery v2 (aws_cloudwatch_log_delivery below), which this check does not read
  #checkov:skip=CKV_AWS_310:One S3 origin in one region; the SPA is redeployable from git, a failover origin would be an idle copy
  #checkov:skip=CKV2_AWS_47:Log4j is covered by AWSManagedRulesKnownBadInputsRuleSet (CKV_AWS_192 passes); this check also wants AWSManagedRulesAnonymousIpList, which would block patients on VPNs and privacy relays
  #checkov:skip=CKV_AWS_374:Patients book from wherever they are; abuse is limited by WAF, not by country (geo_allowlist narrows it when a deployment wants to)
  comment             = "Turnaki ${var.name}: SPA and API"
  enabled             = true
  is_ipv6_enabled     = true
  http_version        = "http2and3"
  default_root_object = "index.html"
  price_class         = var.price_class
  aliases             = var.aliases
  web_acl_id          = var.web_acl_arn

  origin {
    origin_id                = local.s3_origin
    domain_name              = aws_s3_bucket.spa.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.spa.id
  }

  origin {
    origin_id   = local.api_origin
    domain_name = var.api_domain

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = "https-only"
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  default_cache_behavior {
    target_origin_id           = local.s3_origin
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.optimized.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security["page"].id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.spa_fallback.arn
    }
  }

  # The whole API document, a static file (each function would describe only its own routes).
  ordered_cache_behavior {
    path_pattern               = "/v1/openapi.json"
    target_origin_id           = local.s3_origin
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.optimized.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security["page"].id
  }

  ordered_cache_behavior {
    path_pattern               = "/v1/*"
    target_origin_id           = local.api_origin
    viewer_protocol_policy     = "https-only"
    allowed_methods            = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security["page"].id
  }

  # The booking widget a clinic frames in its own website (/<clinic>/embed): the SPA like
  # every page, with the headers that let it be framed.
  ordered_cache_behavior {
    path_pattern               = "/*/embed"
    target_origin_id           = local.s3_origin
    viewer_protocol_policy     = "redirect-to-https"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.optimized.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security["widget"].id

    function_association {
      event_type   = "viewer-request"
      function_arn = aws_cloudfront_function.spa_fallback.arn
    }
  }

  ordered_cache_behavior {
    path_pattern               = "/health"
    target_origin_id           = local.api_origin
    viewer_protocol_policy     = "https-only"
    allowed_methods            = ["GET", "HEAD"]
    cached_methods             = ["GET", "HEAD"]
    compress                   = true
    cache_policy_id            = data.aws_cloudfront_cache_policy.disabled.id
    origin_request_policy_id   = data.aws_cloudfront_origin_request_policy.all_viewer_except_host.id
    response_headers_policy_id = aws_cloudfront_response_headers_policy.security["page"].id
  }

  restrictions {
    geo_restriction {
      restriction_type = length(var.geo_allowlist) > 0 ? "whitelist" : "none"
      locations        = var.geo_allowlist
    }
  }

  # With a custom domain: its ACM certificate (us-east-1) and TLS 1.2 or later. Without one,
  # CloudFront's own *.cloudfront.net certificate (it negotiates TLS 1.2+ with browsers).
  viewer_certificate {
    cloudfront_default_certificate = var.acm_certificate_arn == null
    acm_certificate_arn            = var.acm_certificate_arn
    ssl_support_method             = var.acm_certificate_arn == null ? null : "sni-only"
    minimum_protocol_version       = var.acm_certificate_arn == null ? "TLSv1" : "TLSv1.2_2021"
  }

  tags = var.tags
}

# What the SPA reads at start (the shape of shared-lib's ClientConfig, as `turnaki serve`
# answers GET /config.json): the API on this same origin, sign-in through Cognito.
resource "aws_s3_object" "config" {
  bucket        = aws_s3_bucket.spa.id
  key           = "config.json"
  content_type  = "application/json"
  cache_control = "no-cache"
  kms_key_id    = var.kms_key_arn
  content = jsonencode({
    api_base          = var.api_base
    auth              = "cognito"
    cognito_domain    = var.cognito_domain
    cognito_client_id = var.cognito_client_id
  })

  depends_on = [aws_s3_bucket_server_side_encryption_configuration.spa]
}

resource "aws_s3_object" "openapi" {
  bucket        = aws_s3_bucket.spa.id
  key           = "v1/openapi.json"
  content_type  = "application/json"
  cache_control = "no-cache"
  kms_key_id    = var.kms_key_arn
  source        = var.openapi_document
  source_hash   = filemd5(var.openapi_document)

  depends_on = [aws_s3_bucket_server_side_encryption_configuration.spa]
}

# Access logs, v2: CloudFront delivers them to a log group in us-east-1.
resource "aws_cloudwatch_log_group" "access" {
  #checkov:skip=CKV_AWS_338:Retention is chosen per environment (7 days dev, 30 prd, DESIGN)
  provider = aws.us_east_1

  name              = "/aws/cloudfront/${var.name}"
  retention_in_days = var.log_retention_days
  kms_key_id        = var.edge_kms_key_arn
  tags              = var.tags
}

resource "aws_cloudwatch_log_delivery_source" "access" {
  provider = aws.us_east_1

  name         = "${var.name}-cloudfront"
  log_type     = "ACCESS_LOGS"
  resource_arn = aws_cloudfront_distribution.this.arn
  tags         = var.tags
}

resource "aws_cloudwatch_log_delivery_destination" "access" {
  provider = aws.us_east_1

  name          = "${var.name}-cloudfront"
  output_format = "json"

  delivery_destination_configuration {
    destination_resource_arn = aws_cloudwatch_log_group.access.arn
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_delivery" "access" {
  provider = aws.us_east_1

  delivery_source_name     = aws_cloudwatch_log_delivery_source.access.name
  delivery_destination_arn = aws_cloudwatch_log_delivery_destination.access.arn
  tags                     = var.tags
}
