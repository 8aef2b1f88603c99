// List refresh from the signed feed (being written by the feed work).
export const handlers = {};
export function start() {}
