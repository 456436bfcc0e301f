// The message pieces the staff inbox draws exactly as the widget does (`@parley/widget/parts`).
export { AttachmentLink, type AttachmentLinkProps } from './AttachmentLink.tsx'
export { DeliveryMark, type DeliveryMarkProps, type DeliveryMarkState, type DeliveryText } from './DeliveryMark.tsx'
