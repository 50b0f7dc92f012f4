# One environment of Turnaki on AWS: the platform module (terraform/platform) with this
# directory's state (backend.tf) and values (terraform.tfvars). The environments' main.tf
# and moved.tf are the same word for word (scripts/check-infra.sh checks it).

terraform {
  # 1.10: the S3 backend's own lock file (use_lockfile).
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 6.0"
    }
  }
}

# `any` here: the platform's settings variable types it (a second copy of that type would be
# a second list to keep in step).
variable "settings" {
  description = "This environment's values, set in terraform.tfvars; terraform/platform/variables.tf describes each."
  type        = any
}

variable "lambda_artifacts_dir" {
  description = "Directory with <function>/bootstrap.zip (null: the repository's target/lambda)."
  type        = string
  default     = null
}

locals {
  tags = {
    Project     = "turnaki"
    Environment = var.settings.environment
    ManagedBy   = "terraform"
  }
}

provider "aws" {
  region = var.settings.aws_region

  default_tags {
    tags = local.tags
  }
}

# CloudFront's certificate, web ACL and log delivery live in us-east-1.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"

  default_tags {
    tags = local.tags
  }
}

module "platform" {
  source = "../../platform"
  providers = {
    aws           = aws
    aws.us_east_1 = aws.us_east_1
  }

  settings             = var.settings
  lambda_artifacts_dir = var.lambda_artifacts_dir
}

# The platform's outputs, by the same names (terraform/platform/outputs.tf describes them).
output "spa_url" { value = module.platform.spa_url }
output "spa_bucket" { value = module.platform.spa_bucket }
output "distribution_id" { value = module.platform.distribution_id }
output "api_endpoint" { value = module.platform.api_endpoint }
output "table_name" { value = module.platform.table_name }
output "user_pool_id" { value = module.platform.user_pool_id }
output "spa_client_id" { value = module.platform.spa_client_id }
output "hosted_ui_domain" { value = module.platform.hosted_ui_domain }
output "function_names" { value = module.platform.function_names }
output "ses_dns_records" { value = module.platform.ses_dns_records }
output "alarm_topic_arn" { value = module.platform.alarm_topic_arn }
output "dashboard_name" { value = module.platform.dashboard_name }
output "content_security_policy" { value = module.platform.content_security_policy }
output "alarm_names" { value = module.platform.alarm_names }
