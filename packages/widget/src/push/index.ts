export { onParleyWorkerMessage, type ParleyWorkerMessage, parleyTargetFromUrl } from './messages.ts'
