variable "name" {
  description = "Name of the API (turnaki-<environment>)."
  type        = string
}

variable "routes" {
  description = "Route key (\"METHOD /path\") to the function serving it and its authorization: jwt or none (modules/functions)."
  type = map(object({
    function = string
    auth     = string
  }))

  validation {
    condition     = alltrue([for r in values(var.routes) : contains(["jwt", "none"], r.auth)])
    error_message = "A route's auth is jwt or none."
  }
}

variable "function_names" {
  description = "Lambda function name by catalogue name."
  type        = map(string)
}

variable "invoke_arns" {
  description = "Lambda invoke ARN by catalogue name."
  type        = map(string)
}

variable "jwt_issuer" {
  description = "Issuer of the Cognito user pool's tokens."
  type        = string
}

variable "jwt_audience" {
  description = "Accepted audiences: the SPA's app client id (ID tokens carry it as aud)."
  type        = list(string)
}

variable "cors_origins" {
  description = "Browser origins allowed to call the API directly (never *)."
  type        = list(string)

  validation {
    condition     = !contains(var.cors_origins, "*")
    error_message = "CORS takes an allowlist, never *."
  }
}

variable "throttle_rate_limit" {
  description = "Steady requests per second across the API's routes."
  type        = number
}

variable "throttle_burst_limit" {
  description = "Burst of requests across the API's routes."
  type        = number
}

variable "public_throttle_rate_limit" {
  description = "Steady requests per second of each public route."
  type        = number
}

variable "public_throttle_burst_limit" {
  description = "Burst of requests of each public route."
  type        = number
}

variable "detailed_metrics" {
  description = "Per-route CloudWatch metrics (billed as custom metrics: about 6 per route); the API-wide ones are always there."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "KMS key of the access log group."
  type        = string
}

variable "log_retention_days" {
  description = "Days the access logs are kept."
  type        = number
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
