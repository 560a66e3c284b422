/** The error hierarchy: AppError (code + message for people), CoreError, and the classifier. */
export { AppError, CoreError, toAppError, type AppErrorOptions } from './app-error';
