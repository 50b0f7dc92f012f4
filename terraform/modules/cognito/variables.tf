variable "name" {
  description = "Name of the user pool (turnaki-<environment>)."
  type        = string
}

variable "domain_prefix" {
  description = "Hosted UI domain prefix: <prefix>.auth.<region>.amazoncognito.com (globally unique)."
  type        = string
}

variable "callback_urls" {
  description = "Where the Hosted UI may send the authorization code (the SPA's addresses)."
  type        = list(string)
}

variable "logout_urls" {
  description = "Where the Hosted UI may send people after signing out."
  type        = list(string)
}

variable "deletion_protection" {
  description = "Refuse to delete the user pool while set."
  type        = bool
}

variable "ses_identity_arn" {
  description = "SES identity Cognito sends invitations and codes from (null: Cognito's own sender, 50 messages a day)."
  type        = string
  default     = null
}

variable "mail_from" {
  description = "From address of Cognito's messages when sent through SES."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags for the user pool."
  type        = map(string)
  default     = {}
}
