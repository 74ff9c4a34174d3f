/** Slack's Block Kit and message limits (docs.slack.dev, "Blocks" and "chat.postMessage"). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3_000,
  sectionFields: 10,
  sectionFieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  actionId: 255,
  blockId: 255,
  imageUrl: 3_000,
  imageAltText: 2_000,
  imageTitle: 2_000,
  inputLabel: 2_000,
  inputHint: 2_000,
  plainTextInputValue: 3_000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3_000,
  /** Slack truncates longer `text`; 4 000 keeps the fallback readable. */
  messageText: 40_000,
  fallbackText: 4_000,
} as const;

/**
 * Our own cap on the text of one message's blocks: Slack accepts more than fits a screen, but a
 * reader scrolls a thread of readable pages better than one wall.
 */
export const MESSAGE_TEXT_BUDGET = 12_000;
