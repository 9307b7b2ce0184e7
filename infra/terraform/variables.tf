variable "project" {
  description = "Short project name, used as a prefix for every resource name."
  type        = string
  default     = "ghiseu"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,15}$", var.project))
    error_message = "project must be 2-16 characters: lowercase letters, digits and hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Deployment environment name (production, staging)."
  type        = string
  default     = "production"

  validation {
    condition     = contains(["production", "staging"], var.environment)
    error_message = "environment must be production or staging."
  }
}

variable "aws_account_id" {
  description = "AWS account that this configuration may be applied to (guards against the wrong credentials)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.aws_account_id))
    error_message = "aws_account_id must be a 12-digit AWS account id."
  }
}

variable "region" {
  description = "AWS region. Citizens' personal data must stay in the EU: only regions inside the EU are accepted (not London or Zurich)."
  type        = string
  default     = "eu-central-1"

  validation {
    condition     = contains(["eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2"], var.region)
    error_message = "region must be an AWS region inside the EU: eu-central-1, eu-west-1, eu-west-3, eu-north-1, eu-south-1 or eu-south-2."
  }
}

variable "base_domain" {
  description = "Base domain of the platform, e.g. ghiseu.cjcs.ro. The county portal is served on the apex and each UAT on <slug>.<base_domain>. A public Route53 hosted zone for it must already exist."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,}$", var.base_domain))
    error_message = "base_domain must be a lowercase DNS name such as ghiseu.example.ro."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC; split into two public and two private /20 subnets."
  type        = string
  default     = "10.20.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && try(tonumber(split("/", var.vpc_cidr)[1]) <= 16, false)
    error_message = "vpc_cidr must be a valid IPv4 CIDR block of size /16 or larger."
  }
}

variable "image_tag" {
  description = "Tag of the application image in the ECR repository (immutable tags: use the git commit SHA)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image_tag)) && var.image_tag != "latest"
    error_message = "image_tag must be a valid Docker tag other than \"latest\"."
  }
}

variable "services" {
  description = "Size of each ECS service: Fargate CPU units, memory (MiB) and desired task count. beat must run exactly one task."
  type = map(object({
    cpu           = number
    memory        = number
    desired_count = number
  }))
  default = {
    web    = { cpu = 1024, memory = 2048, desired_count = 2 }
    worker = { cpu = 1024, memory = 2048, desired_count = 2 }
    beat   = { cpu = 256, memory = 512, desired_count = 1 }
  }

  validation {
    condition     = toset(keys(var.services)) == toset(["web", "worker", "beat"])
    error_message = "services must define exactly web, worker and beat."
  }

  validation {
    condition     = var.services["beat"].desired_count == 1
    error_message = "beat must run exactly one task, or periodic jobs would be scheduled twice."
  }

  validation {
    condition     = var.services["web"].desired_count >= 2
    error_message = "web needs at least two tasks (one per availability zone)."
  }
}

variable "db_instance_class" {
  description = "RDS instance class for PostgreSQL."
  type        = string
  default     = "db.m7g.large"

  validation {
    condition     = startswith(var.db_instance_class, "db.")
    error_message = "db_instance_class must be an RDS instance class (db.*)."
  }
}

variable "db_allocated_storage" {
  description = "Initial RDS storage in GiB; storage autoscaling may grow it up to 10x."
  type        = number
  default     = 100

  validation {
    condition     = var.db_allocated_storage >= 20 && var.db_allocated_storage <= 6000
    error_message = "db_allocated_storage must be between 20 and 6000 GiB."
  }
}

variable "db_backup_retention_days" {
  description = "Days of automated RDS backups (point-in-time recovery window)."
  type        = number
  default     = 14

  validation {
    condition     = var.db_backup_retention_days >= 14 && var.db_backup_retention_days <= 35
    error_message = "db_backup_retention_days must be between 14 and 35."
  }
}

variable "db_iam_auth_enabled" {
  description = "Enable IAM database authentication on RDS (the application still uses the password in DATABASE_URL; IAM auth is for operators)."
  type        = bool
  default     = true
}

variable "redis_node_type" {
  description = "ElastiCache node type for Redis (Celery broker and cache)."
  type        = string
  default     = "cache.t4g.medium"

  validation {
    condition     = startswith(var.redis_node_type, "cache.")
    error_message = "redis_node_type must be an ElastiCache node type (cache.*)."
  }
}

variable "enable_waf" {
  description = "Attach an AWS WAFv2 web ACL (AWS managed rules + per-IP rate limit) to the load balancer."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Retention of CloudWatch log groups, in days."
  type        = number
  default     = 365

  validation {
    condition     = contains([365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch retention value of at least 365 days."
  }
}

variable "sms_sender_id" {
  description = "Alphanumeric sender ID of the SMS sent through Amazon SNS (SMS_SENDER_ID). Some countries require it to be registered first, others replace it with a number."
  type        = string
  default     = "Ghiseu"

  validation {
    condition     = can(regex("^[A-Za-z0-9]{1,11}$", var.sms_sender_id)) && can(regex("[A-Za-z]", var.sms_sender_id))
    error_message = "sms_sender_id must be 1-11 letters and digits (A-Z, a-z, 0-9), at least one of them a letter."
  }
}

variable "sentry_dsn" {
  description = "Sentry DSN of the production project; stored in Secrets Manager, never in the task definition."
  type        = string
  sensitive   = true

  validation {
    condition     = can(regex("^https://", var.sentry_dsn))
    error_message = "sentry_dsn must be an https:// DSN."
  }
}
