import { beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { trainSuite } from './train.suite';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

trainSuite('cpu');
