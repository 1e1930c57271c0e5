# In the style of "Deep Learning with Python", using a pretrained convnet: VGG16 added as a
# layer. Its layers are not in the snippet, so the reader stops at the line that adds it.
from keras.applications import VGG16
from keras import models
from keras import layers

conv_base = VGG16(weights='imagenet',
                  include_top=False,
                  input_shape=(150, 150, 3))

model = models.Sequential()
model.add(conv_base)
model.add(layers.Flatten())
model.add(layers.Dense(256, activation='relu'))
model.add(layers.Dense(1, activation='sigmoid'))
