variable "bucket_name" {
  description = "Name of the bucket (unique across AWS: include the account or environment)."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.bucket_name) >= 3) && (length(var.bucket_name) <= 63)
    error_message = "Input bucket_name must be 3 to 63 characters long."
  }

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "Input bucket_name must be well formed: use 3 to 63 lowercase letters, digits, `.` or `-`, starting and ending with a letter or digit."
  }
}

variable "name" {
  description = "Name of the function; also names its dead-letter queue, alarm and (through EventBridge) rule."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.name) >= 3) && (length(var.name) <= 40)
    error_message = "Input name must be 3 to 40 characters long."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.name))
    error_message = "Input name must be well formed: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter (the function's role and log group names derive from it)."
  }
}

variable "description" {
  description = "What the function does, shown in the Lambda console."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = length(var.description) <= 256
    error_message = "Input description must be at most 256 characters long."
  }
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the bucket's objects (SSE-KMS with an S3 Bucket Key); S3-managed keys (SSE-S3) when null."
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

variable "noncurrent_version_expiration_days" {
  description = "Days S3 keeps an object version after a newer one replaces it (versioning is always on)."
  type        = number
  default     = 90
  nullable    = false

  validation {
    condition     = (var.noncurrent_version_expiration_days >= 1) && (var.noncurrent_version_expiration_days <= 3650)
    error_message = "Input noncurrent_version_expiration_days must be between 1 and 3650."
  }

  validation {
    condition     = floor(var.noncurrent_version_expiration_days) == var.noncurrent_version_expiration_days
    error_message = "Input noncurrent_version_expiration_days must be a whole number."
  }
}

variable "access_log_bucket" {
  description = "Bucket that receives this bucket's server access logs (under `<bucket_name>/`); no access logs when null."
  type        = string
  default     = null

  validation {
    condition     = var.access_log_bucket == null ? true : (length(var.access_log_bucket) >= 3) && (length(var.access_log_bucket) <= 63)
    error_message = "Input access_log_bucket must be 3 to 63 characters long."
  }

  validation {
    condition     = var.access_log_bucket == null ? true : can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.access_log_bucket))
    error_message = "Input access_log_bucket must be well formed: use 3 to 63 lowercase letters, digits, `.` or `-`, starting and ending with a letter or digit."
  }
}

variable "events" {
  description = "Object events that invoke the function."
  type        = list(string)
  default = [
    "s3:ObjectCreated:*"
  ]
  nullable = false

  validation {
    condition     = length(var.events) >= 1
    error_message = "Input events must have at least 1 items."
  }

  validation {
    condition     = alltrue([for item0 in var.events : contains(["s3:ObjectCreated:*", "s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:Copy", "s3:ObjectCreated:CompleteMultipartUpload", "s3:ObjectRemoved:*", "s3:ObjectRemoved:Delete", "s3:ObjectRemoved:DeleteMarkerCreated", "s3:ObjectRestore:*", "s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete", "s3:LifecycleExpiration:*", "s3:LifecycleExpiration:Delete", "s3:LifecycleExpiration:DeleteMarkerCreated", "s3:LifecycleTransition", "s3:IntelligentTiering", "s3:ObjectTagging:*", "s3:ObjectTagging:Put", "s3:ObjectTagging:Delete", "s3:ObjectAcl:Put"], item0)])
    error_message = "Input every item of events must be one of `s3:ObjectCreated:*`, `s3:ObjectCreated:Put`, `s3:ObjectCreated:Post`, `s3:ObjectCreated:Copy`, `s3:ObjectCreated:CompleteMultipartUpload`, `s3:ObjectRemoved:*`, `s3:ObjectRemoved:Delete`, `s3:ObjectRemoved:DeleteMarkerCreated`, `s3:ObjectRestore:*`, `s3:ObjectRestore:Post`, `s3:ObjectRestore:Completed`, `s3:ObjectRestore:Delete`, `s3:LifecycleExpiration:*`, `s3:LifecycleExpiration:Delete`, `s3:LifecycleExpiration:DeleteMarkerCreated`, `s3:LifecycleTransition`, `s3:IntelligentTiering`, `s3:ObjectTagging:*`, `s3:ObjectTagging:Put`, `s3:ObjectTagging:Delete`, `s3:ObjectAcl:Put`."
  }
}

variable "filter_prefix" {
  description = "Only objects whose key starts with this invoke the function; every object when empty."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = (length(var.filter_prefix) >= 0) && (length(var.filter_prefix) <= 1024)
    error_message = "Input filter_prefix must be 0 to 1024 characters long."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.'()/-]*$", var.filter_prefix))
    error_message = "Input filter_prefix must be well formed: use at most 1,024 letters, digits, `/`, `!`, `-`, `_`, `.`, `'`, `(` or `)` (no `*`: S3 filters and IAM resources treat it as a wildcard)."
  }
}

variable "filter_suffix" {
  description = "Only objects whose key ends with this invoke the function; every object when empty."
  type        = string
  default     = ""
  nullable    = false

  validation {
    condition     = (length(var.filter_suffix) >= 0) && (length(var.filter_suffix) <= 1024)
    error_message = "Input filter_suffix must be 0 to 1024 characters long."
  }

  validation {
    condition     = can(regex("^[A-Za-z0-9!_.'()/-]*$", var.filter_suffix))
    error_message = "Input filter_suffix must be well formed: use at most 1,024 letters, digits, `/`, `!`, `-`, `_`, `.`, `'`, `(` or `)` (no `*`: S3 filters and IAM resources treat it as a wildcard)."
  }
}

variable "write_prefix" {
  description = "Prefix under which the function may write its results into this bucket (`s3:PutObject` there only); read-only when null. Must not overlap `filter_prefix`."
  type        = string
  default     = null

  validation {
    condition     = var.write_prefix == null ? true : (length(var.write_prefix) >= 1) && (length(var.write_prefix) <= 1024)
    error_message = "Input write_prefix must be 1 to 1024 characters long."
  }

  validation {
    condition     = var.write_prefix == null ? true : can(regex("^[A-Za-z0-9!_.'()/-]+$", var.write_prefix))
    error_message = "Input write_prefix must be well formed: use 1 to 1,024 letters, digits, `/`, `!`, `-`, `_`, `.`, `'`, `(` or `)`, such as `results/` (no `*`: IAM resources treat it as a wildcard)."
  }

  validation {
    condition     = var.write_prefix == null ? true : !(startswith(var.write_prefix, var.filter_prefix) || startswith(var.filter_prefix, var.write_prefix))
    error_message = "Input write_prefix must satisfy: `write_prefix` and `filter_prefix` must not overlap: neither may start with the other (objects the function writes would trigger it again, an endless loop; write under a prefix outside `filter_prefix`, or narrow `filter_prefix` so that it does not start with `write_prefix`; a suffix filter does not prevent it, since the function chooses the keys it writes)."
  }
}

variable "route_through_eventbridge" {
  description = "Deliver the events through EventBridge (a rule on the default bus) instead of a direct S3 notification."
  type        = bool
  default     = false
  nullable    = false
}

variable "invocation_retry_attempts" {
  description = "Retries by Lambda when the function fails on an event (raises, times out) before the event goes to the dead-letter queue."
  type        = number
  default     = 2
  nullable    = false

  validation {
    condition     = (var.invocation_retry_attempts >= 0) && (var.invocation_retry_attempts <= 2)
    error_message = "Input invocation_retry_attempts must be between 0 and 2."
  }

  validation {
    condition     = floor(var.invocation_retry_attempts) == var.invocation_retry_attempts
    error_message = "Input invocation_retry_attempts must be a whole number."
  }
}

variable "invocation_maximum_event_age_seconds" {
  description = "Seconds Lambda keeps an event for retries before it goes to the dead-letter queue."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    condition     = (var.invocation_maximum_event_age_seconds >= 60) && (var.invocation_maximum_event_age_seconds <= 21600)
    error_message = "Input invocation_maximum_event_age_seconds must be between 60 and 21600."
  }

  validation {
    condition     = floor(var.invocation_maximum_event_age_seconds) == var.invocation_maximum_event_age_seconds
    error_message = "Input invocation_maximum_event_age_seconds must be a whole number."
  }
}

variable "alarm_topic_arns" {
  description = "SNS topics notified when events reach the dead-letter queue and when it is empty again."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for item0 in var.alarm_topic_arns : (length(item0) >= 20) && (length(item0) <= 2048)])
    error_message = "Input every item of alarm_topic_arns must be 20 to 2048 characters long."
  }

  validation {
    condition     = alltrue([for item0 in var.alarm_topic_arns : can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", item0))])
    error_message = "Input every item of alarm_topic_arns must be well formed: use an SNS topic ARN such as `arn:aws:sns:eu-west-1:111122223333:alerts`."
  }
}

variable "function" {
  description = "The function's settings."
  type        = object({ package_file = string, runtime = optional(string, "python3.12"), handler = optional(string, "app.handler"), architecture = optional(string, "arm64"), memory_size = optional(number, 256), timeout = optional(number, 30), reserved_concurrent_executions = optional(number, -1), tracing_mode = optional(string, "Active"), log_retention_days = optional(number, 365), log_level = optional(string, "INFO"), kms_key_arn = optional(string), environment_variables = optional(map(string), {}) })
  nullable    = false

  validation {
    condition     = (length(var.function.package_file) >= 5) && (length(var.function.package_file) <= 1024)
    error_message = "Input function.package_file must be 5 to 1024 characters long."
  }

  validation {
    condition     = can(regex("\\.zip$", var.function.package_file))
    error_message = "Input function.package_file must be well formed: give the path of a `.zip` file, such as `build/function.zip`."
  }

  validation {
    condition     = contains(["python3.13", "python3.12", "python3.11", "nodejs22.x", "nodejs20.x", "java21", "java17", "dotnet8", "ruby3.3", "provided.al2023"], var.function.runtime)
    error_message = "Input function.runtime must be one of `python3.13`, `python3.12`, `python3.11`, `nodejs22.x`, `nodejs20.x`, `java21`, `java17`, `dotnet8`, `ruby3.3`, `provided.al2023`."
  }

  validation {
    condition     = (length(var.function.handler) >= 1) && (length(var.function.handler) <= 128)
    error_message = "Input function.handler must be 1 to 128 characters long."
  }

  validation {
    condition     = can(regex("^[^\\s]+$", var.function.handler))
    error_message = "Input function.handler must be well formed: use 1 to 128 characters without white space, such as `app.handler`."
  }

  validation {
    condition     = contains(["arm64", "x86_64"], var.function.architecture)
    error_message = "Input function.architecture must be one of `arm64`, `x86_64`."
  }

  validation {
    condition     = (var.function.memory_size >= 128) && (var.function.memory_size <= 10240)
    error_message = "Input function.memory_size must be between 128 and 10240."
  }

  validation {
    condition     = floor(var.function.memory_size) == var.function.memory_size
    error_message = "Input function.memory_size must be a whole number."
  }

  validation {
    condition     = (var.function.timeout >= 1) && (var.function.timeout <= 900)
    error_message = "Input function.timeout must be between 1 and 900."
  }

  validation {
    condition     = floor(var.function.timeout) == var.function.timeout
    error_message = "Input function.timeout must be a whole number."
  }

  validation {
    condition     = (var.function.reserved_concurrent_executions >= -1) && (var.function.reserved_concurrent_executions <= 10000)
    error_message = "Input function.reserved_concurrent_executions must be between -1 and 10000."
  }

  validation {
    condition     = floor(var.function.reserved_concurrent_executions) == var.function.reserved_concurrent_executions
    error_message = "Input function.reserved_concurrent_executions must be a whole number."
  }

  validation {
    condition     = contains(["Active", "PassThrough"], var.function.tracing_mode)
    error_message = "Input function.tracing_mode must be one of `Active`, `PassThrough`."
  }

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.function.log_retention_days)
    error_message = "Input function.log_retention_days must be one of `1`, `3`, `5`, `7`, `14`, `30`, `60`, `90`, `120`, `150`, `180`, `365`, `400`, `545`, `731`, `1096`, `1827`, `2192`, `2557`, `2922`, `3288`, `3653`."
  }

  validation {
    condition     = floor(var.function.log_retention_days) == var.function.log_retention_days
    error_message = "Input function.log_retention_days must be a whole number."
  }

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.function.log_level)
    error_message = "Input function.log_level must be one of `DEBUG`, `INFO`, `WARN`, `ERROR`."
  }

  validation {
    condition     = var.function.kms_key_arn == null ? true : (length(var.function.kms_key_arn) >= 20) && (length(var.function.kms_key_arn) <= 2048)
    error_message = "Input function.kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.function.kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.function.kms_key_arn))
    error_message = "Input function.kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }

  validation {
    condition     = alltrue([for key0 in keys(var.function.environment_variables) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", key0))])
    error_message = "Input function.environment_variables must have well-formed keys: start with a letter, then use letters, digits and `_`."
  }

  validation {
    condition     = alltrue([for key0 in keys(var.function.environment_variables) : contains(["_HANDLER", "_X_AMZN_TRACE_ID", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT", "TZ"], key0) == false])
    error_message = "Input function.environment_variables must not use the reserved keys `_HANDLER`, `_X_AMZN_TRACE_ID`, `AWS_ACCESS_KEY`, `AWS_ACCESS_KEY_ID`, `AWS_DEFAULT_REGION`, `AWS_EXECUTION_ENV`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_VERSION`, `AWS_LAMBDA_INITIALIZATION_TYPE`, `AWS_LAMBDA_LOG_GROUP_NAME`, `AWS_LAMBDA_LOG_STREAM_NAME`, `AWS_LAMBDA_RUNTIME_API`, `AWS_REGION`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `LAMBDA_RUNTIME_DIR`, `LAMBDA_TASK_ROOT`, `TZ`."
  }

  validation {
    condition     = sum(concat([0], [for key0, item0 in var.function.environment_variables : ((2 * length(replace(urlencode(key0), "%", ""))) - length(urlencode(key0))) + ((2 * length(replace(urlencode(item0), "%", ""))) - length(urlencode(item0)))])) <= 3584
    error_message = "Input function.environment_variables must hold at most 3584 bytes in its keys and values together."
  }
}
