export { onParleyWorkerMessage, parleyTargetFromUrl, type ParleyWorkerMessage } from './messages.ts'
