export { RandomContrast, type RandomContrastArgs } from './random-contrast.js';
export { type FlipMode, RandomFlip, type RandomFlipArgs } from './random-flip.js';
