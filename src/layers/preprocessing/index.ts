export { AffineAugmentation, type AffineAugmentationArgs } from './affine-augmentation.js';
export { RandomContrast, type RandomContrastArgs } from './random-contrast.js';
export { type FlipMode, RandomFlip, type RandomFlipArgs } from './random-flip.js';
export { RandomRotation, type RandomRotationArgs } from './random-rotation.js';
export { RandomTranslation, type RandomTranslationArgs } from './random-translation.js';
export { RandomZoom, type RandomZoomArgs } from './random-zoom.js';
