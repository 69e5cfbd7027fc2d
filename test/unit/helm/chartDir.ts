/** Tests and the field test read chart folders exactly as the product does. */
export { readChartFolder as readChartDir } from '../../../server/src/workspace/chartFiles';
