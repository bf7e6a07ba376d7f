variable "name" {
  description = "What the bucket holds: the bucket is named `acme-<name>-<account ID>`, and its access logs go to the bucket of that name with `-access-logs` added."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.name) >= 3) && (length(var.name) <= 33)
    error_message = "Input name must be 3 to 33 characters long."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name))
    error_message = "Input name must be well formed: use 3 to 33 lowercase letters and digits in words joined by single `-`, starting with a letter (the bucket is `acme-<name>-<account ID>` and its log bucket adds `-access-logs`, within S3's 63 characters)."
  }
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the objects; the AWS managed key `aws/s3` when null."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null ? true : (length(var.kms_key_arn) >= 20) && (length(var.kms_key_arn) <= 2048)
    error_message = "Input kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "Input kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }
}

variable "noncurrent_version_days" {
  description = "Days S3 keeps an object version after a newer version replaces it or it is deleted."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = (var.noncurrent_version_days >= 1) && (var.noncurrent_version_days <= 3650)
    error_message = "Input noncurrent_version_days must be between 1 and 3650."
  }

  validation {
    condition     = floor(var.noncurrent_version_days) == var.noncurrent_version_days
    error_message = "Input noncurrent_version_days must be a whole number."
  }
}

variable "access_log_retention_days" {
  description = "Days S3 keeps the access logs."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = (var.access_log_retention_days >= 1) && (var.access_log_retention_days <= 3650)
    error_message = "Input access_log_retention_days must be between 1 and 3650."
  }

  validation {
    condition     = floor(var.access_log_retention_days) == var.access_log_retention_days
    error_message = "Input access_log_retention_days must be a whole number."
  }
}

variable "reader_role_names" {
  description = "IAM roles allowed to list the bucket and read its objects (and nothing else)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.reader_role_names : (length(item0) >= 1) && (length(item0) <= 64)])
    error_message = "Input every item of reader_role_names must be 1 to 64 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.reader_role_names : can(regex("^[A-Za-z0-9+=,.@_-]+$", item0))])
    error_message = "Input every item of reader_role_names must be well formed: use 1 to 64 letters, digits or `+=,.@_-`."
  }
}

variable "writer_role_names" {
  description = "IAM roles allowed to write objects (and nothing else)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.writer_role_names : (length(item0) >= 1) && (length(item0) <= 64)])
    error_message = "Input every item of writer_role_names must be 1 to 64 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.writer_role_names : can(regex("^[A-Za-z0-9+=,.@_-]+$", item0))])
    error_message = "Input every item of writer_role_names must be well formed: use 1 to 64 letters, digits or `+=,.@_-`."
  }
}
