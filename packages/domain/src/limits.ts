/** Rules on sizes that the server enforces and clients check before sending. */
export const PASSWORD_MIN_LENGTH = 10;
export const AUTO_REPLY_MAX_LENGTH = 5000;
