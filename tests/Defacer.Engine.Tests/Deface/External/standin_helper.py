# Test helper for the stand-in tools: makes the outputs a real tool would write. Called by bash stand-ins with
# /usr/bin/python3 (Debian python3-nibabel). Exit 3 on a usage error so it is never mistaken for a contract failure.
import sys
import numpy as np
import nibabel as nib


def box(args):
    x0, x1, y0, y1, z0, z1 = (int(a) for a in args)
    return (slice(x0, x1), slice(y0, y1), slice(z0, z1))


def load(path):
    # Every op reads the tool's input through here: it must be a readable 3D NIfTI, else exit 4 (a contract failure).
    img = nib.load(path)
    if len(img.shape) != 3:
        sys.stderr.write("contract: input is not 3D: %s\n" % (img.shape,))
        sys.exit(4)
    return img, np.asarray(img.dataobj)


def save_like(img, data, path, dtype=None):
    hdr = img.header.copy()
    if dtype is not None:
        hdr.set_data_dtype(dtype)
    out = nib.Nifti1Image(data.astype(dtype or img.get_data_dtype()), img.affine, hdr)
    out.to_filename(path)


def main(argv):
    op = argv[0]
    if op == "set-box":          # set-box IN OUT value x0 x1 y0 y1 z0 z1: defaced copy, box set to value
        img, data = load(argv[1])
        data = data.copy()
        data[box(argv[4:10])] = float(argv[3])
        save_like(img, data, argv[2])
    elif op == "scale-box":      # scale-box IN OUT factor box: the box multiplied by factor (float output)
        img, data = load(argv[1])
        data = data.astype(np.float32)
        data[box(argv[4:10])] *= float(argv[3])
        save_like(img, data, argv[2], np.float32)
    elif op == "mask-box":       # mask-box IN OUT value box: uint8 mask on IN's grid, box = value
        img, data = load(argv[1])
        mask = np.zeros(data.shape[:3], dtype=np.uint8)
        mask[box(argv[4:10])] = int(argv[3])
        nib.Nifti1Image(mask, img.affine).to_filename(argv[2])
    elif op == "conform":        # conform IN OUT factor box: zero the box, flip x, upsample by factor, rescale to uint8
        img, data = load(argv[1])
        factor = int(argv[3])
        data = data.astype(np.float32).copy()
        data[box(argv[4:10])] = 0
        nx = data.shape[0]
        up = data[::-1, :, :]
        if factor > 1:
            up = up.repeat(factor, 0).repeat(factor, 1).repeat(factor, 2)
        # Non-zero voxels stay non-zero (at least 1) so only the box reads as removed.
        scaled = np.where(up != 0, np.maximum(1, np.round(up * (255.0 / up.max()))), 0).astype(np.uint8)
        flip = np.array([[-1, 0, 0, nx - 1], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], dtype=float)
        f = 1.0 / factor
        o = (f - 1.0) / 2.0
        finer = np.array([[f, 0, 0, o], [0, f, 0, o], [0, 0, f, o], [0, 0, 0, 1]], dtype=float)
        nib.Nifti1Image(scaled, img.affine @ flip @ finer).to_filename(argv[2])
    elif op == "small":          # small IN OUT: a 4x4x4 image with IN's affine
        img, _ = load(argv[1])
        nib.Nifti1Image(np.ones((4, 4, 4), dtype=np.int16), img.affine).to_filename(argv[2])
    elif op == "same-grid":      # same-grid A B: exit 4 unless shape and affine match (quickshear's own check)
        a, b = nib.load(argv[1]), nib.load(argv[2])
        if a.shape[:3] != b.shape[:3] or not np.allclose(a.affine, b.affine):
            sys.stderr.write("grids differ: %s %s\n%s\n%s\n" % (a.shape, b.shape, a.affine, b.affine))
            sys.exit(4)
        if np.asarray(b.dataobj).sum() == 0:
            sys.stderr.write("mask is empty\n")
            sys.exit(4)
    elif op == "check":          # check IN: the input must be a readable 3D NIfTI
        img = nib.load(argv[1])
        if len(img.shape) != 3:
            sys.stderr.write("input is not 3D: %s\n" % (img.shape,))
            sys.exit(4)
    else:
        sys.stderr.write("unknown op %s\n" % op)
        sys.exit(3)


if __name__ == "__main__":
    main(sys.argv[1:])
