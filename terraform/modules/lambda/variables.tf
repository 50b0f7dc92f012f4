variable "name_prefix" {
  description = "Prefix of every name (turnaki-<environment>); functions are <prefix>-<function>."
  type        = string
}

variable "functions" {
  description = "The function catalogue (modules/functions)."
  type = map(object({
    kind                 = string
    description          = string
    memory_mb            = number
    timeout_seconds      = number
    reserved_concurrency = number
  }))

  validation {
    condition     = alltrue([for f in values(var.functions) : f.memory_mb >= 512 && contains(["http", "event"], f.kind)])
    error_message = "Every function has at least 512 MB and is of kind http or event."
  }
}

variable "role_arns" {
  description = "Execution role ARN by function name (modules/iam)."
  type        = map(string)
}

variable "artifacts_dir" {
  description = "Directory holding <function>/bootstrap.zip (null: <repository>/target/lambda, cargo-lambda's default)."
  type        = string
  default     = null
}

variable "kms_key_arn" {
  description = "KMS key for environment variables, log groups and dead-letter queues."
  type        = string
}

variable "link_key_arn" {
  description = "The KMS HMAC key the functions sign and verify message links with (its ARN, not the key)."
  type        = string
}

variable "log_retention_days" {
  description = "Days the functions' logs are kept."
  type        = number
}

variable "log_filter" {
  description = "RUST_LOG of every function (tracing-subscriber's EnvFilter syntax)."
  type        = string
  default     = "info"
}

variable "code_signing_policy" {
  description = "What Lambda does with code not signed by the environment's signing profile: Warn or Enforce."
  type        = string
  default     = "Warn"

  validation {
    condition     = contains(["Warn", "Enforce"], var.code_signing_policy)
    error_message = "code_signing_policy is Warn or Enforce."
  }
}

variable "table_name" {
  description = "TURNAKI_TABLE: the single table."
  type        = string
}

variable "user_pool_id" {
  description = "COGNITO_USER_POOL_ID: the user pool."
  type        = string
}

variable "client_id" {
  description = "COGNITO_CLIENT_ID: the SPA's app client (the ID tokens' audience)."
  type        = string
}

variable "cors_origins" {
  description = "TURNAKI_CORS_ORIGINS: browser origins allowed to call the API."
  type        = list(string)
}

variable "mail_from" {
  description = "TURNAKI_MAIL_FROM: sender of every message (an address of the SES identity)."
  type        = string
}

variable "public_url" {
  description = "TURNAKI_PUBLIC_URL: the SPA's public address, for links in messages."
  type        = string
}

variable "ses_configuration_set" {
  description = "TURNAKI_SES_CONFIGURATION_SET: SES configuration set for bounce and complaint tracking."
  type        = string
}

variable "sms_sender_id" {
  description = "TURNAKI_SMS_SENDER_ID: the sender name texts carry where carriers allow one (empty: none; SNS then sends from a pooled number)."
  type        = string
  default     = ""
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
