import { CHANNEL_NAMES, type ChannelName } from './views'

/** True for a channel name a recording can carry (`CHANNEL_NAMES`). */
export const isChannel = (v: unknown): v is ChannelName => typeof v === 'string' && (CHANNEL_NAMES as readonly string[]).includes(v)
