variable "name_prefix" {
  description = "Prefix of every name (turnaki-<environment>); roles, log groups and queues are <prefix>-<function>."
  type        = string
}

variable "functions" {
  description = "The function catalogue (modules/functions): kind and the AWS calls each function makes."
  type = map(object({
    kind           = string
    dynamodb       = list(string)
    indexes        = list(string)
    cognito_admin  = bool
    sends_email    = bool
    sends_texts    = bool
    signs_links    = bool
    verifies_links = bool
  }))
}

variable "table_arn" {
  description = "ARN of the single table."
  type        = string
}

variable "kms_key_arn" {
  description = "The environment's KMS key (Lambda environment variables, dead-letter queues)."
  type        = string
}

variable "link_key_arn" {
  description = "The KMS HMAC key that signs and verifies the links of patients' messages."
  type        = string
}

variable "user_pool_arn" {
  description = "ARN of the Cognito user pool accounts are created in."
  type        = string
}

variable "ses_identity_arn" {
  description = "ARN of the SES identity mail is sent from."
  type        = string
}

variable "ses_configuration_set_arn" {
  description = "ARN of the SES configuration set sends are tagged with (null: none)."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for the roles."
  type        = map(string)
  default     = {}
}
