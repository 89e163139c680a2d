/* png_ink FILE: how much a screenshot shows. Decodes the PNG with libpng and
 * prints "<width> <height> <ink> <dark>": pixels that differ from the
 * top-left (background) colour, and pixels dark enough to be text
 * (luma < 128). The browser test uses it to tell a rendered page from a
 * blank one. Exit 1 when the file is not a readable PNG. */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: png_ink FILE.png\n");
    return 2;
  }
  png_image image;
  memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&image, argv[1])) {
    fprintf(stderr, "png_ink: %s: %s\n", argv[1], image.message);
    return 1;
  }
  image.format = PNG_FORMAT_RGB;
  size_t size = PNG_IMAGE_SIZE(image);
  png_bytep pixels = malloc(size ? size : 1);
  if (!pixels || !png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
    fprintf(stderr, "png_ink: %s: %s\n", argv[1], pixels ? image.message : "out of memory");
    free(pixels);
    png_image_free(&image);
    return 1;
  }
  unsigned long ink = 0, dark = 0;
  size_t count = (size_t)image.width * image.height;
  for (size_t i = 0; i < count; i++) {
    const png_byte *p = pixels + 3 * i;
    if (memcmp(p, pixels, 3) != 0) ink++;
    if (299u * p[0] + 587u * p[1] + 114u * p[2] < 128000u) dark++;
  }
  printf("%u %u %lu %lu\n", image.width, image.height, ink, dark);
  free(pixels);
  return 0;
}
