variable "name" {
  description = "Name prefix (turnaki-<environment>)."
  type        = string
}

variable "api_domain" {
  description = "Host name of the HTTP API's endpoint, CloudFront's origin for /v1/* and /health."
  type        = string
}

variable "api_base" {
  description = "config.json's api_base: where the SPA calls the API (empty: this same origin, through CloudFront and its WAF)."
  type        = string
  default     = ""
}

variable "cognito_domain" {
  description = "Hosted UI domain (<prefix>.auth.<region>.amazoncognito.com) for config.json and the CSP."
  type        = string
}

variable "cognito_client_id" {
  description = "The SPA's app client id for config.json."
  type        = string
}

variable "openapi_document" {
  description = "Path of the OpenAPI document published at /v1/openapi.json (docs/openapi.json)."
  type        = string
}

variable "web_acl_arn" {
  description = "ARN of the WAF web ACL (scope CLOUDFRONT, in us-east-1)."
  type        = string
}

variable "aliases" {
  description = "Custom domain names of the distribution (empty: only *.cloudfront.net)."
  type        = list(string)
  default     = []
}

variable "acm_certificate_arn" {
  description = "ACM certificate in us-east-1 for the aliases (null: CloudFront's default certificate)."
  type        = string
  default     = null
}

variable "price_class" {
  description = "CloudFront price class (PriceClass_100, PriceClass_200 or PriceClass_All)."
  type        = string
  default     = "PriceClass_100"
}

variable "geo_allowlist" {
  description = "ISO 3166-1 country codes allowed to reach the distribution (empty: everywhere)."
  type        = list(string)
  default     = []
}

variable "extra_connect_src" {
  description = "Further origins the SPA may call (CSP connect-src), e.g. an API base on another domain."
  type        = list(string)
  default     = []
}

variable "embed_frame_ancestors" {
  description = "Who may frame the booking widget (/<clinic>/embed), as CSP frame-ancestors sources; narrow it to the clinics' websites when they are known."
  type        = list(string)
  default     = ["*"]
}

variable "kms_key_arn" {
  description = "KMS key of the bucket (the environment's key; its policy admits CloudFront)."
  type        = string
}

variable "edge_kms_key_arn" {
  description = "KMS key in us-east-1 for the access log group."
  type        = string
}

variable "log_retention_days" {
  description = "Days the access logs are kept."
  type        = number
}

variable "previous_versions_days" {
  description = "Days replaced files of earlier deployments are kept (the SPA's rollback window)."
  type        = number
  default     = 30
}

variable "force_destroy" {
  description = "Let terraform destroy empty the bucket (dev only)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
