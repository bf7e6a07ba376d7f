variable "function_name" {
  description = "Name of the function; its IAM role and log group are named after it."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.function_name) >= 3) && (length(var.function_name) <= 40)
    error_message = "Input function_name must be 3 to 40 characters long."
  }

  validation {
    condition     = can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.function_name))
    error_message = "Input function_name must be well formed: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter (the function's role and log group names derive from it)."
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

variable "package_file" {
  description = "Path of the deployment package (a .zip file) that the application's build produces."
  type        = string
  nullable    = false

  validation {
    condition     = (length(var.package_file) >= 5) && (length(var.package_file) <= 1024)
    error_message = "Input package_file must be 5 to 1024 characters long."
  }

  validation {
    condition     = can(regex("\\.zip$", var.package_file))
    error_message = "Input package_file must be well formed: give the path of a `.zip` file, such as `build/function.zip`."
  }
}

variable "runtime" {
  description = "Lambda runtime; only runtimes approved for the paved road are accepted."
  type        = string
  default     = "python3.12"
  nullable    = false

  validation {
    condition     = contains(["python3.13", "python3.12", "python3.11", "nodejs22.x", "nodejs20.x", "java21", "java17", "dotnet8", "ruby3.3", "provided.al2023"], var.runtime)
    error_message = "Input runtime must be one of `python3.13`, `python3.12`, `python3.11`, `nodejs22.x`, `nodejs20.x`, `java21`, `java17`, `dotnet8`, `ruby3.3`, `provided.al2023`."
  }
}

variable "handler" {
  description = "Function entry point within the package."
  type        = string
  default     = "app.handler"
  nullable    = false

  validation {
    condition     = (length(var.handler) >= 1) && (length(var.handler) <= 128)
    error_message = "Input handler must be 1 to 128 characters long."
  }

  validation {
    condition     = can(regex("^[^\\s]+$", var.handler))
    error_message = "Input handler must be well formed: use 1 to 128 characters without white space, such as `app.handler`."
  }
}

variable "architecture" {
  description = "Instruction set; arm64 (Graviton) costs less per GB-second."
  type        = string
  default     = "arm64"
  nullable    = false

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "Input architecture must be one of `arm64`, `x86_64`."
  }
}

variable "memory_size" {
  description = "Memory in MB; CPU is allocated in proportion."
  type        = number
  default     = 256
  nullable    = false

  validation {
    condition     = (var.memory_size >= 128) && (var.memory_size <= 10240)
    error_message = "Input memory_size must be between 128 and 10240."
  }

  validation {
    condition     = floor(var.memory_size) == var.memory_size
    error_message = "Input memory_size must be a whole number."
  }
}

variable "timeout" {
  description = "Maximum run time of one invocation, in seconds."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = (var.timeout >= 1) && (var.timeout <= 900)
    error_message = "Input timeout must be between 1 and 900."
  }

  validation {
    condition     = floor(var.timeout) == var.timeout
    error_message = "Input timeout must be a whole number."
  }
}

variable "reserved_concurrent_executions" {
  description = "Concurrent executions reserved for (and capped at) this function; -1 (the default) reserves none, because a reservation fails in accounts whose concurrency quota leaves no room for it."
  type        = number
  default     = -1
  nullable    = false

  validation {
    condition     = (var.reserved_concurrent_executions >= -1) && (var.reserved_concurrent_executions <= 10000)
    error_message = "Input reserved_concurrent_executions must be between -1 and 10000."
  }

  validation {
    condition     = floor(var.reserved_concurrent_executions) == var.reserved_concurrent_executions
    error_message = "Input reserved_concurrent_executions must be a whole number."
  }
}

variable "tracing_mode" {
  description = "X-Ray tracing mode."
  type        = string
  default     = "Active"
  nullable    = false

  validation {
    condition     = contains(["Active", "PassThrough"], var.tracing_mode)
    error_message = "Input tracing_mode must be one of `Active`, `PassThrough`."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the function's logs."
  type        = number
  default     = 365
  nullable    = false

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "Input log_retention_days must be one of `1`, `3`, `5`, `7`, `14`, `30`, `60`, `90`, `120`, `150`, `180`, `365`, `400`, `545`, `731`, `1096`, `1827`, `2192`, `2557`, `2922`, `3288`, `3653`."
  }

  validation {
    condition     = floor(var.log_retention_days) == var.log_retention_days
    error_message = "Input log_retention_days must be a whole number."
  }
}

variable "log_level" {
  description = "Application log level (Lambda JSON logging and Powertools)."
  type        = string
  default     = "INFO"
  nullable    = false

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN", "ERROR"], var.log_level)
    error_message = "Input log_level must be one of `DEBUG`, `INFO`, `WARN`, `ERROR`."
  }
}

variable "kms_key_arn" {
  description = "KMS key that encrypts the log group and the environment variables; AWS-owned keys when null."
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

variable "environment_variables" {
  description = "Extra environment variables; Paved sets the Powertools variables itself."
  type        = map(string)
  default     = {}
  nullable    = false

  validation {
    condition     = alltrue([for key0 in keys(var.environment_variables) : can(regex("^[A-Za-z][A-Za-z0-9_]*$", key0))])
    error_message = "Input environment_variables must have well-formed keys: start with a letter, then use letters, digits and `_`."
  }

  validation {
    condition     = alltrue([for key0 in keys(var.environment_variables) : contains(["_HANDLER", "_X_AMZN_TRACE_ID", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_DEFAULT_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_LAMBDA_RUNTIME_API", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT", "TZ"], key0) == false])
    error_message = "Input environment_variables must not use the reserved keys `_HANDLER`, `_X_AMZN_TRACE_ID`, `AWS_ACCESS_KEY`, `AWS_ACCESS_KEY_ID`, `AWS_DEFAULT_REGION`, `AWS_EXECUTION_ENV`, `AWS_LAMBDA_FUNCTION_MEMORY_SIZE`, `AWS_LAMBDA_FUNCTION_NAME`, `AWS_LAMBDA_FUNCTION_VERSION`, `AWS_LAMBDA_INITIALIZATION_TYPE`, `AWS_LAMBDA_LOG_GROUP_NAME`, `AWS_LAMBDA_LOG_STREAM_NAME`, `AWS_LAMBDA_RUNTIME_API`, `AWS_REGION`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `LAMBDA_RUNTIME_DIR`, `LAMBDA_TASK_ROOT`, `TZ`."
  }

  validation {
    condition     = sum(concat([0], [for key0, item0 in var.environment_variables : ((2 * length(replace(urlencode(key0), "%", ""))) - length(urlencode(key0))) + ((2 * length(replace(urlencode(item0), "%", ""))) - length(urlencode(item0)))])) <= 3584
    error_message = "Input environment_variables must hold at most 3584 bytes in its keys and values together."
  }
}

variable "dead_letter_target_arn" {
  description = "Standard SQS queue or SNS topic that receives events of failed asynchronous invocations; none when null."
  type        = string
  default     = null

  validation {
    condition     = var.dead_letter_target_arn == null ? true : (length(var.dead_letter_target_arn) >= 20) && (length(var.dead_letter_target_arn) <= 2048)
    error_message = "Input dead_letter_target_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.dead_letter_target_arn == null ? true : can(regex("^arn:aws[a-z-]*:(sqs|sns):[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]+$", var.dead_letter_target_arn))
    error_message = "Input dead_letter_target_arn must be well formed: use the ARN of a standard SQS queue or SNS topic (not FIFO: Lambda sends dead letters without a message group), such as `arn:aws:sqs:eu-west-1:111122223333:orders-dlq`."
  }
}

variable "dead_letter_kms_key_arn" {
  description = "KMS key that encrypts the dead-letter target, when a customer-managed key does; the role may then use it through SQS or SNS only."
  type        = string
  default     = null

  validation {
    condition     = var.dead_letter_kms_key_arn == null ? true : (length(var.dead_letter_kms_key_arn) >= 20) && (length(var.dead_letter_kms_key_arn) <= 2048)
    error_message = "Input dead_letter_kms_key_arn must be 20 to 2048 characters long."
  }

  validation {
    condition     = var.dead_letter_kms_key_arn == null ? true : can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.dead_letter_kms_key_arn))
    error_message = "Input dead_letter_kms_key_arn must be well formed: use a key ARN such as `arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab`."
  }
}

variable "service_name" {
  description = "Powertools service name; the function name when null."
  type        = string
  default     = null

  validation {
    condition     = var.service_name == null ? true : (length(var.service_name) >= 3) && (length(var.service_name) <= 40)
    error_message = "Input service_name must be 3 to 40 characters long."
  }

  validation {
    condition     = var.service_name == null ? true : can(regex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$", var.service_name))
    error_message = "Input service_name must be well formed: use 3 to 40 lowercase letters and digits in words joined by single `-`, starting with a letter."
  }
}

variable "metrics_namespace" {
  description = "Powertools metrics namespace; the service name when null."
  type        = string
  default     = null

  validation {
    condition     = var.metrics_namespace == null ? true : (length(var.metrics_namespace) >= 1) && (length(var.metrics_namespace) <= 255)
    error_message = "Input metrics_namespace must be 1 to 255 characters long."
  }

  validation {
    condition     = var.metrics_namespace == null ? true : can(regex("^[A-Za-z0-9._/#:-]+$", var.metrics_namespace))
    error_message = "Input metrics_namespace must be well formed: use 1 to 255 letters, digits or `._/#:-`."
  }
}
